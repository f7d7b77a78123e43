@echo off
rem `npu-deploy` in VS Code's integrated terminals on Windows: see bin/npu-deploy.
setlocal
if defined NPU_DEPLOY_NODE if exist "%NPU_DEPLOY_NODE%" (
  set ELECTRON_RUN_AS_NODE=1
  "%NPU_DEPLOY_NODE%" "%~dp0..\dist\cli.js" %*
  exit /b
)
node "%~dp0..\dist\cli.js" %*
