// Decorative line icons for announcements and events, drawn like components/icons.tsx; hidden from assistive tech.
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

export function InboxIcon() {
  return (
    <svg {...props}>
      <path d="M4 13 6.5 5h11L20 13v6H4Z" />
      <path d="M4 13h4.5l1 2h5l1-2H20" />
    </svg>
  );
}

export function PlusIcon() {
  return (
    <svg {...props}>
      <path d="M12 5v14M5 12h14" />
    </svg>
  );
}

export function TrashIcon() {
  return (
    <svg {...props} width={18} height={18}>
      <path d="M5 7h14M10 7V5h4v2M7 7l1 12h8l1-12" />
    </svg>
  );
}

export function PeopleIcon() {
  return (
    <svg {...props}>
      <circle cx="9" cy="9" r="3" />
      <path d="M3.5 19c.7-3 2.8-4.5 5.5-4.5s4.8 1.5 5.5 4.5" />
      <circle cx="17" cy="8" r="2.5" />
      <path d="M16 13.5c2.3 0 4 1.3 4.5 4" />
    </svg>
  );
}
