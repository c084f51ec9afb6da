/** The engine's view of a log: the extension and the CLI each supply one that redacts. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  trace() { /* silent */ },
  debug() { /* silent */ },
  info() { /* silent */ },
  warn() { /* silent */ },
  error() { /* silent */ },
};
