import { useState } from 'react';

/**
 * A value that lives in the URL, shown at once when the user changes it. The router applies URL
 * changes in a transition, so a control bound to the URL alone would spring back for a moment
 * (and a screen reader would announce the old state). A new value from the URL always wins.
 */
export function useImmediate<T>(fromUrl: T): [T, (value: T) => void] {
  const [state, setState] = useState({ fromUrl, shown: fromUrl });
  let current = state;
  if (state.fromUrl !== fromUrl) {
    current = { fromUrl, shown: fromUrl };
    setState(current);
  }
  return [current.shown, (shown: T) => setState({ fromUrl: current.fromUrl, shown })];
}
