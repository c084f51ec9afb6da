import * as vscode from 'vscode';
import { Settings } from '../constants';

/** Typed access to the extension's settings; defaults mirror package.json. */
export function pageSize(): number {
  const n = vscode.workspace.getConfiguration(Settings.section).get<number>(Settings.pageSize, 25);
  return Math.max(1, Math.min(100, Math.floor(n)));
}
