// Decorative line icons for the planning sections, drawn like components/icons.tsx; hidden from assistive tech.
const props = {
  xmlns: 'http://www.w3.org/2000/svg',
  viewBox: '0 0 24 24',
  width: 20,
  height: 20,
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.75,
  strokeLinecap: 'round' as const,
  strokeLinejoin: 'round' as const,
  'aria-hidden': true,
  focusable: false,
};

export function GroupsIcon() {
  return (
    <svg {...props}>
      <circle cx="9" cy="8" r="3" />
      <path d="M3.5 19c.7-3 3-4.5 5.5-4.5s4.8 1.5 5.5 4.5" />
      <circle cx="17" cy="9" r="2.25" />
      <path d="M16 14.6c2.2-.3 4 .9 4.6 3.4" />
    </svg>
  );
}

export function MyItemsIcon() {
  return (
    <svg {...props}>
      <rect x="4" y="4" width="16" height="16" rx="2" />
      <path d="m8 12 3 3 5-6" />
    </svg>
  );
}
