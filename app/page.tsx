import { Overview } from "./_components/overview";

export default function OverviewPage() {
  return <Overview />;
}
