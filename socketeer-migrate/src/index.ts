/** socketeer-migrate: translates Flask-SocketIO programs into Socketeer controllers. */
export { migrate } from './migrate.js';
export type { MigrationResult, PythonSource } from './migrate.js';
export { readInputs } from './read-inputs.js';
export { runMigrateCli } from './command.js';
export { MigrateError } from './migrate-error.js';
export type { Report, FileReport, ReportJson } from './report.js';
