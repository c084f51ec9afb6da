import * as path from 'node:path';
import * as vscode from 'vscode';
import { StateStore } from '../core/publish/state';

/** One state record per workspace folder (files outside any folder keep theirs beside them). */
export class WorkspaceStates {
  private readonly stores = new Map<string, StateStore>();

  for(uri: vscode.Uri): StateStore {
    const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
    let store = this.stores.get(root);
    if (!store) {
      store = new StateStore(root);
      this.stores.set(root, store);
    }
    return store;
  }
}
