import * as vscode from 'vscode';
import { errorMessage, GhostAuthorError } from '../core/ghost/errors';
import type { Services } from '../services';

export type Handler = (services: Services, ...args: unknown[]) => unknown;

/** The user closed a prompt: the command ends quietly. */
export class Cancelled extends Error {
  constructor() { super('Cancelled'); }
  static is(e: unknown): e is Cancelled { return e instanceof Cancelled; }
}

/**
 * Registers every command through one wrapper: failures are logged and shown once, with what
 * happened, what to do, and a way to the log. Handlers return their result for tests and callers.
 */
export function registerCommands(services: Services, ids: readonly string[], load: () => Promise<Record<string, Handler>>): vscode.Disposable[] {
  return ids.map((id) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        // Handlers (and the engine behind them) load on the first command, not at activation.
        const handler = (await load())[id];
        if (!handler) { throw new Error(`${id} has no handler`); }
        return await handler(services, ...args);
      } catch (e) {
        if (Cancelled.is(e) || e instanceof vscode.CancellationError) { return undefined; }
        const text = errorMessage(e);
        services.log.error(`${id}: ${text}${!GhostAuthorError.is(e) && e instanceof Error && e.stack ? `\n${e.stack}` : ''}`);
        void vscode.window.showErrorMessage(text, 'Show Log').then((choice) => {
          if (choice) { services.log.show(); }
        });
        // Callers that pass arguments (tests, tasks) need to know it failed.
        if (args.length > 0) { throw e; }
        return undefined;
      }
    }));
}
