// Jest's test sequencer, with a fallback for the order of a run that has no timings of its own.
//
// Jest starts the files that took longest last time first, so that no long file is left running
// alone at the end while the other workers idle. Those timings live in Jest's cache, which a fresh
// clone (CI) does not have: it then orders by file size, and in this suite size says little (the
// browser files are mid-sized and the slowest). Here a file without a cached time takes the time
// recorded in test/support/file-durations.json, so the fresh run starts longest-first as well.
const Sequencer = require('@jest/test-sequencer').default;
const { relative } = require('node:path');
const { seconds } = require('./file-durations.json');

class LongestFirstSequencer extends Sequencer {
  time(test) {
    const cached = super.time(test);
    if (cached != null) return cached;
    const project = test.context.config.displayName?.name ?? '';
    const file = relative(test.context.config.rootDir, test.path).split('\\').join('/');
    const recorded = seconds[`${project}:${file}`];
    // A file not recorded counts as instant: it starts after the recorded ones.
    return recorded != null ? recorded * 1000 : 0;
  }
}

module.exports = LongestFirstSequencer;
