/** The product's mark and name, as the header, the landing page and the signed-out cards show it (in a .brand). */
export function BrandName() {
  return (
    <>
      <span className="brand__mark" aria-hidden="true" />
      <span className="brand__name">TikTok Ads</span>
    </>
  );
}
