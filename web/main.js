// The dashboard's entry point (index.html loads it as a module).
import { startPipeline } from './pipeline.js';
import { startWorkflows } from './workflows.js';

startPipeline();
startWorkflows();
