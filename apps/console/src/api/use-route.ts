import { useEffect, useState } from 'react';
import { parseRoute, type Route } from './route.js';

export { hrefOf, parseRoute, type Route } from './route.js';

/** The route in the URL hash, following its changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
