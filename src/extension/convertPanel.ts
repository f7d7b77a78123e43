// The conversion form (webview/convert) opened by "Convert for Sophon…" / "Convert for Ascend…":
// prefilled from the model and the hosts of that kind (src/core/convert/conversionForm.ts), the
// argument checks run on each change, and its buttons: Convert runs the `npu-deploy` task (live
// log in the terminal, Cancel by ending the task, Problems from its matcher, the results brought
// back by the CLI), Copy Command Line, Save as Task (spliced into .vscode/tasks.json, written
// under a temporary name and renamed). Each conversion is a recent job of its host.

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formCommandLine, formFields, prefillConversionForm, type ConversionForm } from '../core/convert/conversionForm';
import { checkConversionForm } from '../core/convert/conversionFormChecks';
import { openConversionModel } from '../core/convert/conversionJob';
import { formTask, TasksFileUnreadable, withTaskAdded } from '../core/convert/formTask';
import type { ModelFacts } from '../core/convert/toolArgs';
import { ASCEND_TOOLS, SOPHON_TOOLS } from '../core/convert/toolChoice';
import { oneLine } from '../core/errors';
import type { HostConfig, HostKind } from '../core/hosts/hostsFile';
import type { JobRecord } from '../core/hosts/jobRecord';
import { writeFileAtomic } from '../core/io/atomicWrite';
import type { ModelService } from '../core/modelService';
import { CONVERT_INIT, CONVERT_READY, type ConvertHostMethods, type ConvertInit, type ConvertOutcome, type FormState, type SaveOutcome } from '../protocol/convertMessages';
import { RequestServer } from '../protocol/rpc';
import { convertStrings } from './convertStrings';
import type { ConversionTaskEnd } from './conversionTasks';
import type { RecentJobs } from './recentJobs';
import { convertHtml, webviewResourceRoots } from './webviewHtml';

const viewType = 'npuDeploy.convertPanel';

/** What the panel needs of the extension: models, the job list, and how a conversion task runs. */
export interface ConvertPanelDeps {
  extensionUri: vscode.Uri;
  models: ModelService;
  jobs: RecentJobs;
  /** Runs the task of `definition` to its end; its exit status (undefined when it was ended). */
  runTask(definition: { model: string; host: string; tool: string; out?: string; args: string[]; env?: Record<string, string> }, folder: vscode.WorkspaceFolder | undefined): Promise<ConversionTaskEnd>;
}

export class ConvertPanel {
  private readonly server: RequestServer<ConvertHostMethods>;

  /** Opens the form for `model` on the hosts of `kind`; the model's one-line error when it cannot be read. */
  static async open(deps: ConvertPanelDeps, kind: HostKind, hosts: HostConfig[], model: string): Promise<ConvertPanel | undefined> {
    let facts: ModelFacts | undefined;
    let format: string | undefined;
    let form: ConversionForm;
    try {
      const opened = await openConversionModel(model);
      facts = opened && { framework: opened.framework, name: opened.name, inputs: opened.inputs, outputs: opened.outputs };
      format = opened?.format;
      form = prefillConversionForm({ model, kind, hosts, opened });
    } catch (e) {
      void vscode.window.showErrorMessage(oneLine(e instanceof Error ? e.message : String(e)));
      return undefined;
    }
    const strings = convertStrings(vscode.l10n.t, kind);
    const panel = vscode.window.createWebviewPanel(viewType, `${strings.title}: ${path.basename(model)}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: webviewResourceRoots(deps.extensionUri),
    });
    const convert = new ConvertPanel(panel, deps, kind, hosts, facts, format, form);
    panel.webview.html = convertHtml(panel.webview, deps.extensionUri, strings.title);
    return convert;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: ConvertPanelDeps,
    private readonly kind: HostKind,
    private readonly hosts: HostConfig[],
    private readonly facts: ModelFacts | undefined,
    /** The format the model was read as (`pir`: the form offers the ONNX route). */
    private readonly format: string | undefined,
    /** The fields as prefilled. */
    readonly form: ConversionForm,
  ) {
    let disposed = false;
    panel.onDidDispose(() => (disposed = true));
    const post = (m: unknown) => {
      if (!disposed) void panel.webview.postMessage(m).then(undefined, () => undefined);
    };
    this.server = new RequestServer<ConvertHostMethods>(post, {
      check: (f) => this.check(f),
      convert: (f) => this.convert(f),
      copyCommandLine: async (f) => {
        const line = formCommandLine(f);
        await vscode.env.clipboard.writeText(line);
        return line;
      },
      saveAsTask: (f) => this.saveAsTask(f),
      browseOutDir: async ({ current }) => {
        const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, defaultUri: current ? vscode.Uri.file(current) : undefined });
        return picked?.[0]?.fsPath ?? null;
      },
    });
    panel.webview.onDidReceiveMessage((m: unknown) => {
      if ((m as { type?: unknown })?.type === CONVERT_READY) {
        // A check that fails (a model gone meanwhile) still opens the form, with the reason under it.
        const state = this.check(form).catch((e: unknown): FormState => ({
          fields: formFields(form.tool),
          check: { fields: {}, general: [{ severity: 'error', message: oneLine(e instanceof Error ? e.message : String(e)) }], ok: false },
          commandLine: formCommandLine(form),
        }));
        void state.then((state) => {
          const init: ConvertInit = {
            type: CONVERT_INIT,
            strings: convertStrings(vscode.l10n.t, kind),
            form,
            hosts: hosts.map((h) => ({ name: h.name, detail: [h.target ?? h.socVersion, h.ssh ?? vscode.l10n.t('this machine')].filter(Boolean).join(' · ') })),
            tools: [...(kind === 'sophon' ? SOPHON_TOOLS : ASCEND_TOOLS)],
            state,
          };
          post(init);
        });
      } else this.server.handle(m);
    });
  }

  /** The rows of the form's tool, each field's messages, and the command line. */
  async check(form: ConversionForm): Promise<FormState> {
    const check = await checkConversionForm(form, { models: this.deps.models, hosts: this.hosts, facts: this.facts, format: this.format });
    return { fields: formFields(form.tool), check, commandLine: formCommandLine(form) };
  }

  /** Runs the conversion as the Convert button does, once the fields pass; says how it ended. */
  async convert(form: ConversionForm): Promise<ConvertOutcome> {
    const state = await this.check(form);
    if (!state.check.ok) return { verdict: 'refused', state };
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(form.model));
    const definition = formTask(form, undefined);
    const job: JobRecord = { id: randomBytes(6).toString('hex'), host: form.host, kind: 'convert', file: form.model, tool: form.tool, state: 'running', started: Date.now(), outputs: [] };
    this.deps.jobs.record(job);
    let ran: ConversionTaskEnd;
    try {
      ran = await this.deps.runTask(definition, folder);
    } catch (e) {
      const message = oneLine(e instanceof Error ? e.message : String(e));
      this.deps.jobs.record({ ...job, state: 'failure', ended: Date.now(), summary: message });
      return { verdict: 'failure', message };
    }
    const { exitCode, name, report } = ran;
    const outDir = form.outDir.trim() || path.dirname(form.model);
    const outcome: ConvertOutcome =
      exitCode === 0
        ? { verdict: 'success', outputs: await resultsSince(outDir, job.started) }
        : exitCode === undefined || exitCode === 130
          ? { verdict: 'cancelled', message: vscode.l10n.t('The conversion was cancelled; nothing was written.') }
          : { verdict: 'failure', message: failureMessage(exitCode), compareFailed: report?.compareFailed === true };
    this.deps.jobs.record({
      ...job,
      state: outcome.verdict === 'success' ? 'success' : outcome.verdict === 'cancelled' ? 'cancelled' : 'failure',
      ended: Date.now(),
      outputs: outcome.verdict === 'success' ? outcome.outputs : [],
      summary: outcome.verdict === 'failure' ? outcome.message : undefined,
      terminal: name,
    });
    if (outcome.verdict === 'success') void offerNextSteps(outcome.outputs, outDir);
    return outcome;
  }

  /** Adds the form as a task to the tasks.json of the model's workspace folder (the first folder otherwise). */
  async saveAsTask(form: ConversionForm): Promise<SaveOutcome> {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(form.model)) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file') return { ok: false, message: vscode.l10n.t('Open a folder to save tasks in.') };
    const file = path.join(folder.uri.fsPath, '.vscode', 'tasks.json');
    // An editor with unsaved changes to tasks.json holds the user's newest text: never write under it.
    if (vscode.workspace.textDocuments.some((d) => d.uri.fsPath === file && d.isDirty)) return { ok: false, message: vscode.l10n.t('{0} has unsaved changes: save or revert them first', file) };
    try {
      let text: string | undefined;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      const updated = withTaskAdded(text, formTask(form, folder.uri.fsPath), file);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, updated);
      return { ok: true, file };
    } catch (e) {
      if (e instanceof TasksFileUnreadable) return { ok: false, message: e.message };
      const err = e as NodeJS.ErrnoException;
      return { ok: false, message: `${file}: ${err.code ?? err.message}` };
    }
  }
}

/** The results the conversion wrote in `outDir` (the CLI renames each into place when complete). */
async function resultsSince(outDir: string, started: number): Promise<string[]> {
  const names = (await readdir(outDir)).filter((n) => /\.(bmodel|om)$|^(input|output)_ref_data\.dat$/.test(n));
  const fresh: string[] = [];
  for (const name of names) {
    const file = path.join(outDir, name);
    // A second's slack: some file systems keep whole seconds.
    if ((await stat(file)).mtimeMs >= started - 1000) fresh.push(file);
  }
  return fresh.sort((a, b) => Number(/\.dat$/.test(a)) - Number(/\.dat$/.test(b)) || a.localeCompare(b));
}

/** What the CLI's exit status says (issue 16's contract). */
function failureMessage(code: number): string {
  if (code === 3) return vscode.l10n.t('The host could not be reached: see the terminal for why.');
  if (code === 2) return vscode.l10n.t('npu-deploy convert was given bad usage (status 2): see the terminal.');
  return vscode.l10n.t('The conversion failed: the terminal has the log and Problems the errors.');
}

async function offerNextSteps(outputs: string[], outDir: string): Promise<void> {
  const openFolder = vscode.l10n.t('Open Folder');
  const runOnDevice = vscode.l10n.t('Run on Device');
  const model = outputs.find((f) => /\.(bmodel|om)$/.test(f));
  const action = await vscode.window.showInformationMessage(vscode.l10n.t('Converted: {0}', outputs.map((f) => path.basename(f)).join(', ')), openFolder, ...(model ? [runOnDevice] : []));
  if (action === openFolder) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(model ?? outDir));
  else if (action === runOnDevice && model) await vscode.commands.executeCommand('npuDeploy.runOnDevice', vscode.Uri.file(model));
}
