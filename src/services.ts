import type { AnyService } from './core/service/module.js';
import { actionhub } from './services/actionhub/index.js';
import { mediapocket } from './services/mediapocket/index.js';
import { sensu } from './services/sensu/index.js';
import { webflow } from './services/webflow/index.js';

/** The registry: every simulated service, one entry each. */
export const services: AnyService[] = [actionhub, mediapocket, sensu, webflow];
