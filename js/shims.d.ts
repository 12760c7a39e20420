// The CSS imports are side effects: esbuild writes them into widget.css beside widget.js.
declare module "*.css";
