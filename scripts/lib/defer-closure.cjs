/**
 * Defers the load of @pulumi/pulumi's closure serialization (runtime/closure/serializeClosure and
 * codePaths) until something calls it. `@pulumi/pulumi/runtime/index.js` requires both eagerly, and
 * with them the TypeScript compiler and npm's Arborist: about half of the SDK's load time (0.3 s of
 * 0.57 s for @pulumi/pulumi, kubernetes and aws here), although only `serializeFunction` (function
 * serialization for callback Lambdas and dynamic providers) and `computeCodePaths` use them, and the
 * program calls neither. Each deferred function is a stand-in that loads the real module on its first
 * call, so a caller still gets the real behaviour.
 *
 * Installed by scripts/bundle-run.cjs (the offline plan and the other scripts) only: under the
 * Pulumi CLI the host has loaded @pulumi/pulumi before the program starts. If an SDK upgrade changes
 * what runtime/index.js takes from these modules, test/scripts/defer-closure.test.ts fails.
 */
"use strict";
const Module = require("node:module");

/** The modules deferred, as runtime/index.js requires them, and the functions it takes from each. */
const DEFERRED = {
    "./closure/serializeClosure": ["serializeFunctionAsync", "serializeFunction"],
    "./closure/codePaths": ["computeCodePaths"],
};

const IMPORTER = /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]index\.js$/;

let installed = false;

/** Hooks the module loader once; returns the DEFERRED table (for the test). */
function deferClosureSerialization() {
    if (installed) {
        return DEFERRED;
    }
    installed = true;
    const load = Module._load;
    Module._load = function deferredLoad(request, parent, isMain) {
        const names = Object.hasOwn(DEFERRED, request) ? DEFERRED[request] : undefined;
        if (!names || !parent || !IMPORTER.test(parent.filename)) {
            return load.apply(this, arguments);
        }
        let real;
        const loadReal = () => (real ??= load.call(this, request, parent, isMain));
        return Object.fromEntries(names.map((name) => [name, (...args) => loadReal()[name](...args)]));
    };
    return DEFERRED;
}

module.exports = { deferClosureSerialization, DEFERRED };
