// The server's entry: loads the server bundle (serverMain.js, beside this file) with V8's code
// cache when the client gives a folder for it (see codeCache.ts); otherwise simply requires it.

import * as path from 'node:path';
import { codeCacheDirOf, loadWithCodeCache, publishCodeCache } from './codeCache';
import { startSnapshotReadAhead } from './snapshotReadAhead';

// The index snapshot (when the client names its storage folder) is read while the bundle loads.
startSnapshotReadAhead(process.argv);
publishCodeCache(loadWithCodeCache(path.join(__dirname, 'serverMain.js'), codeCacheDirOf(process.argv), module));
