// The CSS imports are side effects: esbuild writes them into widget.css beside widget.js.
declare module "*.css";

// Test fixtures bundled as text (esbuild --loader:.txt=text).
declare module "*.txt" {
  const text: string;
  export default text;
}
