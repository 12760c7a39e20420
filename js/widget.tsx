// anywidget entry point: flowfile_jupyter/static/widget.js (+ widget.css from the imports below).
import { createRender } from "@anywidget/react";
import "@xyflow/react/dist/style.css";
import { App } from "./components/App";
import "./styles.css";

export default { render: createRender(App) };
