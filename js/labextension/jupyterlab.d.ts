// The few JupyterLab types the plugin uses. JupyterLab provides the real modules at run time
// (shared singletons), so the package does not depend on @jupyterlab/notebook or application.

declare module "@jupyterlab/notebook" {
  export interface SharedCellLike {
    getSource(): string;
    setSource(source: string): void;
    getMetadata(key: string): unknown;
    setMetadata(key: string, value: unknown): void;
  }
  export interface CellLike {
    node: HTMLElement;
    model: { type: string; sharedModel: SharedCellLike };
  }
  export interface SharedNotebookLike {
    insertCell(index: number, cell: { cell_type: "code"; source: string; metadata?: Record<string, unknown> }): unknown;
    transact(fn: () => void): void;
  }
  export interface NotebookPanel {
    node: HTMLElement;
    content: { widgets: readonly CellLike[] };
    model: { sharedModel: SharedNotebookLike } | null;
  }
  export interface INotebookTracker {
    forEach(fn: (panel: NotebookPanel) => void): void;
  }
  /** A Lumino Token at run time. */
  export const INotebookTracker: unknown;
}

declare module "@jupyterlab/application" {
  export interface JupyterFrontEndPlugin<T> {
    id: string;
    description?: string;
    autoStart?: boolean;
    requires?: unknown[];
    activate: (app: unknown, ...services: never[]) => T | Promise<T>;
  }
}
