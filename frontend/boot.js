// Starts the app: loads the WebAssembly module through wasm-bindgen's loader. A file of its own,
// not an inline script: the server's Content-Security-Policy forbids inline script.
import init from "/frontend.js";
init({ module_or_path: "/frontend_bg.wasm" });
