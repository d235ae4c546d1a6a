/**
 * A page's head: its title, what the page is for, and on the right what it offers (a button, or why there is none).
 * The title takes focus from code (tabIndex -1, no ring): after a notice is dismissed, and wherever a page sends it.
 */
export function PageHead({
  title,
  lede,
  headingRef,
  actions,
}: {
  title: string;
  lede?: React.ReactNode;
  headingRef?: React.Ref<HTMLHeadingElement>;
  /** Rendered in the actions slot (hidden while empty); leave out for a page without one. */
  actions?: React.ReactNode;
}) {
  return (
    <div className="page-head">
      <div className="page-head__text">
        <h1 ref={headingRef} tabIndex={-1}>
          {title}
        </h1>
        {lede ? <p className="lede">{lede}</p> : null}
      </div>
      {actions !== undefined ? <div className="page-head__actions">{actions}</div> : null}
    </div>
  );
}
