import * as vscode from 'vscode';
import { Commands } from '../constants';
import type { Services } from '../services';
import { Cancelled } from './register';

/** The status bar's menu: what can be done with the current file. */
export async function fileActions(_s: Services): Promise<void> {
  const doc = vscode.window.activeTextEditor?.document;
  const linked = !!doc && /^ghost_id:/m.test(doc.getText(new vscode.Range(0, 0, 200, 0)));
  const items: Array<vscode.QuickPickItem & { command: string }> = [
    { label: '$(cloud-upload) Push content', description: linked ? 'update the linked post; status unchanged' : 'create a draft', command: Commands.pushDraft },
    { label: '$(globe) Publish…', description: 'make it public (asks first)', command: Commands.publish },
    { label: '$(clock) Schedule…', command: Commands.schedule },
    ...(linked ? [{ label: '$(circle-slash) Unpublish…', description: 'back to draft', command: Commands.unpublish }] : []),
    { label: '$(output) Show Log', command: Commands.showLog },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Ghost' });
  if (!pick) { throw new Cancelled(); }
  await vscode.commands.executeCommand(pick.command);
}
