/** Wires the demo dashboard's figures, orders, QA and fault controls inside `root`. */
export function mountAdmin(root?: Document | Element): void;
