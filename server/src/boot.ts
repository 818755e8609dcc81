// The server's entry: loads the server bundle (serverMain.js, beside this file) with V8's code
// cache when the client gives a folder for it (see codeCache.ts); otherwise simply requires it.

import * as path from 'node:path';
import { codeCacheDirOf, loadWithCodeCache, publishCodeCache } from './codeCache';

publishCodeCache(loadWithCodeCache(path.join(__dirname, 'serverMain.js'), codeCacheDirOf(process.argv), module));
