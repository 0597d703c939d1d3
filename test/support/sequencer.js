// Jest's test sequencer, with a fallback for the order of a run that has no timings of its own.
//
// Jest starts the files that took longest last time first, so that no long file is left running
// alone at the end while the other workers idle. Those timings live in Jest's cache, which a fresh
// clone (CI) does not have: it then orders by file size, and in this suite size says little (the
// browser files are mid-sized and the slowest). Here a file without a cached time takes the time
// recorded in test/support/file-durations.json, so the fresh run starts longest-first as well.
const Sequencer = require('@jest/test-sequencer').default;
const { relative } = require('node:path');
const { seconds, mostlyWaiting } = require('./file-durations.json');

/** A file's key in file-durations.json: its project and its path from the root. */
const keyOf = (test) =>
  `${test.context.config.displayName?.name ?? ''}:${relative(test.context.config.rootDir, test.path).split('\\').join('/')}`;
const waiting = new Set(mostlyWaiting);

class LongestFirstSequencer extends Sequencer {
  time(test) {
    const cached = super.time(test);
    if (cached != null) return cached;
    const recorded = seconds[keyOf(test)];
    // A file not recorded counts as instant: it starts after the recorded ones.
    return recorded != null ? recorded * 1000 : 0;
  }

  /**
   * Longest first, except that the files that mostly wait on real time are spaced out: one after
   * every two others, in their own longest-first order. Started side by side, two of them held two
   * of the three workers for half a minute while the cores idled.
   */
  sort(tests) {
    const sorted = super.sort(tests);
    const slow = sorted.filter((t) => waiting.has(keyOf(t)));
    const rest = sorted.filter((t) => !waiting.has(keyOf(t)));
    const order = [];
    rest.forEach((t, i) => {
      order.push(t);
      if (i % 2 === 0 && slow.length) order.push(slow.shift());
    });
    return [...order, ...slow];
  }
}

module.exports = LongestFirstSequencer;
