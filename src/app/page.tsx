export default function Home() {
  return <main>Concert booking</main>;
}
