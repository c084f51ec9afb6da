import * as vscode from 'vscode';
import type { RenderMode } from '../core/content/meta';
import { Settings } from '../constants';

/** Typed access to the extension's settings; defaults mirror package.json. */
function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(Settings.section);
}

export function pageSize(): number {
  const n = config().get<number>(Settings.pageSize, 25);
  return Math.max(1, Math.min(100, Math.floor(n)));
}

export type PublishOnSave = 'off' | 'linked' | 'all';

export function publishOnSave(): PublishOnSave {
  const v = config().get<string>(Settings.publishOnSave, 'off');
  return v === 'linked' || v === 'all' ? v : 'off';
}

export function publishOnSaveDelayMs(): number {
  return Math.max(0, Math.min(60_000, config().get<number>(Settings.publishOnSaveDelay, 750)));
}

export function renderMode(): RenderMode {
  const v = config().get<string>(Settings.renderMode, 'lexical');
  return v === 'markdown' || v === 'html' ? v : 'lexical';
}
