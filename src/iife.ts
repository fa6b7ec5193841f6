// Script-tag entry: importing the main entry registers the elements, and the
// re-export becomes the `Lonceng` global of the IIFE build.
import './lonceng.js';
export * from './lonceng.js';
