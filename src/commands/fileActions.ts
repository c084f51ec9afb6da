import * as vscode from 'vscode';
import { readLink } from '../core/content/link';
import { Commands } from '../constants';
import type { Services } from '../services';
import { Cancelled } from './register';

/** The status bar's menu: what can be done with the current file. */
export async function fileActions(_s: Services): Promise<void> {
  const doc = vscode.window.activeTextEditor?.document;
  const linked = !!doc && readLink(doc.getText()) !== undefined;
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
