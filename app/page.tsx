/** Landing page. The Connections, Campaigns and Reports pages arrive with their issues. */
export default function Home() {
  return (
    <main className="landing">
      <h1>TikTok Ads on Convex</h1>
      <p>Connect your TikTok for Business ad accounts, create and pause campaigns, and read spend, clicks and conversions in one place.</p>
      <p className="muted">Sign-in and the Connections page are on their way.</p>
    </main>
  );
}
