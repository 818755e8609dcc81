// Build step (scripts/bundle.mjs): lets the segmenter measure jieba's words where they stand in
// wasm memory instead of receiving each as a new JS string.
//
// jieba-wasm's Node loader hands every word of `cut` to JS through wasm-bindgen's
// `__wbindgen_string_new(ptr, len)` import, which decodes it into a string. The segmenter needs
// only each word's length in UTF-16 units (offsets are running sums), so a third of a worker's
// segmentation time went into strings made and collected for nothing. The patched import calls
// `module.exports.__corpusStudyStringHook(ptr, len)` while the segmenter has set one (see
// `WordMeter` in server/src/core/segmenter.ts) and decodes as before otherwise. The import is
// bound when the module is instantiated, which is why the loader's source is changed, not the
// function replaced at run time.

'use strict';

const ORIGINAL = /module\.exports\.__wbindgen_string_new = function\(arg0, arg1\) \{\s*const ret = getStringFromWasm0\(arg0, arg1\);\s*return ret;\s*\};/;

const PATCHED = `module.exports.__wbindgen_string_new = function(arg0, arg1) {
    const hook = module.exports.__corpusStudyStringHook;
    if (hook) return hook(arg0, arg1);
    const ret = getStringFromWasm0(arg0, arg1);
    return ret;
};
module.exports.__corpusStudyStringHook = null;`;

/** The loader's source with the hook; throws when the loader does not look as expected (another jieba-wasm build). */
function patchJiebaGlue(source) {
  if (!ORIGINAL.test(source)) throw new Error('jieba-wasm loader: __wbindgen_string_new not found as expected; update scripts/patch-jieba-glue.cjs for this jieba-wasm version');
  return source.replace(ORIGINAL, PATCHED);
}

module.exports = { patchJiebaGlue };
