// preact + htm, imported by relative path (no import map: the CSP allows no inline script).
import { h, render, Fragment } from '../vendor/preact.module.js';
import { useState, useEffect, useRef, useCallback, useMemo } from '../vendor/hooks.module.js';
import htm from '../vendor/htm.module.js';

export const html = htm.bind(h);
export { h, render, Fragment, useState, useEffect, useRef, useCallback, useMemo };
