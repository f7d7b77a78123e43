#!/usr/bin/env bash
# The Debian packages the tests and `npm start` need, for a fresh machine and for CI (as root).
#   chromium: the webview tests' browser, and the browser that drives code-server.
#   fonts-wqy-microhei: a Chinese font, without which chromium draws the zh-cn UI (and its
#     screenshots) as empty boxes; the smallest CJK font Debian has (about 5 MB).
#   libkrb5-dev, g++, make, python3: code-server's native modules compile during its install
#     (kerberos has no prebuilt binary offline).
#   openssh-server: the SSH host tests that come with hosts and conversion.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium fonts-wqy-microhei libkrb5-dev g++ make python3 openssh-server
