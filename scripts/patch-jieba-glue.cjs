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
//
// With the hook set, `cut` also leaves out the array of the hook's placeholders it would build
// (one table read per word): the segmenter ignores what `cut` returns. The wasm side's table slots
// are released as before.

'use strict';

const ORIGINAL = /module\.exports\.__wbindgen_string_new = function\(arg0, arg1\) \{\s*const ret = getStringFromWasm0\(arg0, arg1\);\s*return ret;\s*\};/;

const PATCHED = `module.exports.__wbindgen_string_new = function(arg0, arg1) {
    const hook = module.exports.__corpusStudyStringHook;
    if (hook) return hook(arg0, arg1);
    const ret = getStringFromWasm0(arg0, arg1);
    return ret;
};
module.exports.__corpusStudyStringHook = null;`;

const ARRAY_ORIGINAL = /function getArrayJsValueFromWasm0\(ptr, len\) \{\s*ptr = ptr >>> 0;\s*const mem = getDataViewMemory0\(\);\s*const result = \[\];\s*for \(let i = ptr; i < ptr \+ 4 \* len; i \+= 4\) \{\s*result\.push\(wasm\.__wbindgen_export_2\.get\(mem\.getUint32\(i, true\)\)\);\s*\}\s*wasm\.__externref_drop_slice\(ptr, len\);\s*return result;\s*\}/;

const ARRAY_PATCHED = `function getArrayJsValueFromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    if (module.exports.__corpusStudyStringHook) {
        wasm.__externref_drop_slice(ptr, len);
        return [];
    }
    const mem = getDataViewMemory0();
    const result = [];
    for (let i = ptr; i < ptr + 4 * len; i += 4) {
        result.push(wasm.__wbindgen_export_2.get(mem.getUint32(i, true)));
    }
    wasm.__externref_drop_slice(ptr, len);
    return result;
}`;

/** The loader's source with the hook; throws when the loader does not look as expected (another jieba-wasm build). */
function patchJiebaGlue(source) {
  if (!ORIGINAL.test(source)) throw new Error('jieba-wasm loader: __wbindgen_string_new not found as expected; update scripts/patch-jieba-glue.cjs for this jieba-wasm version');
  if (!ARRAY_ORIGINAL.test(source)) throw new Error('jieba-wasm loader: getArrayJsValueFromWasm0 not found as expected; update scripts/patch-jieba-glue.cjs for this jieba-wasm version');
  return source.replace(ORIGINAL, PATCHED).replace(ARRAY_ORIGINAL, ARRAY_PATCHED);
}

module.exports = { patchJiebaGlue };
