import { startEarlyRequests } from './api/early-requests.js';
import './styles.css';

// This first script is a few kB: the page's reads leave at once, while the application (React, the contracts'
// schemas, the pages: root.tsx and what it imports) is still loading and being compiled.
startEarlyRequests();
void import('./root.js');
