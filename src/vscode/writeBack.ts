/** Files whose link is being written back: their next save is ours, not the writer's. */
export const writingBack = new Set<string>();
