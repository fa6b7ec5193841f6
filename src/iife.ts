// Script-tag entry: registers the elements and becomes the `Lonceng` global. The global
// carries what a page without a bundler needs (every export name costs bytes in this build).
import './lonceng.js';

export { createNotifier, Notifier } from './core/index.js';
export { createCatalog } from './catalog/index.js';
export { LoncengBell, LoncengNotifications, LoncengPanel, LoncengToaster } from './lonceng.js';
