import { Button } from "./button";

/** The "load more" control under a paged list: shown while another page follows. */
export function LoadMore({
  query,
  label,
  testId,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
  label: string;
  testId: string;
}) {
  if (!query.hasNextPage) return null;
  return (
    <div className="list-more">
      <Button
        variant="secondary"
        onClick={() => query.fetchNextPage()}
        busy={query.isFetchingNextPage}
        data-testid={testId}
      >
        {label}
      </Button>
    </div>
  );
}
