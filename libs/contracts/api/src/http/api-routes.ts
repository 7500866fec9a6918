import { chargerRoutes } from './charger.routes.js';
import { complianceRoutes } from './compliance.routes.js';
import { deadLetterRoutes } from './dead-letter.routes.js';
import { platformRoutes } from './platform.routes.js';
import { profileRoutes } from './profile.routes.js';

/**
 * Every route of profile-command's HTTP API, declared once: the controllers validate with these schemas and
 * `/docs` is generated from them (a test checks both against the routes the server registers).
 */
export const apiRoutes = {
  ...platformRoutes,
  ...chargerRoutes,
  ...profileRoutes,
  ...complianceRoutes,
  ...deadLetterRoutes,
};
