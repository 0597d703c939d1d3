process.env.DUTYGATE_TEST_TEMPLATE = 'dutygate_test_tpl_dlbench';
const { execFileSync } = require('child_process');
const { Client } = require('pg');
const { Harness } = require('/work/main/dist/test/support/harness.js');
const { benchDeadlines } = require('/work/main/dist/test/bench/deadlines.bench.js');
(async () => {
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS dutygate_test_tpl_dlbench');
  await admin.query('CREATE DATABASE dutygate_test_tpl_dlbench');
  const env = { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/dutygate_test_tpl_dlbench', LOG_LEVEL: 'warn' };
  execFileSync('node', ['dist/apps/cli/src/migrate.js'], { cwd: '/work/main', env });
  execFileSync('node', ['dist/apps/cli/src/seed.js'], { cwd: '/work/main', env, stdio: 'pipe' });
  const h = new Harness({ ESCALATION_SWEEP_MS: '60000', ROUTING_SWEEP_MS: '5000', LOG_LEVEL: 'warn' });
  await h.start();
  try {
    console.log(JSON.stringify(await benchDeadlines(h, 'redis://127.0.0.1:6379', Number(process.argv[2] || 20000), 10), null, 2));
  } finally {
    await h.stop();
    await admin.query('DROP DATABASE IF EXISTS dutygate_test_tpl_dlbench WITH (FORCE)');
    await admin.end();
  }
})().catch((e) => { console.error(e); process.exit(1); });
