#!/usr/bin/env node
// The CLI runs the compiled TypeScript; `npm install` builds it in `prepare`.
import '../dist/src/main.js';
