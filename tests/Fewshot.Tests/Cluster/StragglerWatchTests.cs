using Fewshot.Cluster.Client;

namespace Fewshot.Tests.Cluster;

public sealed class StragglerWatchTests
{
    sealed record Chunk(int First);

    static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    readonly StragglerWatch<Chunk> _watch = new(new ClusterClientOptions { StragglerFactor = 4, StragglerMinimum = S(10) });

    [Fact]
    public void A_chunk_held_far_longer_than_chunks_take_is_overdue_once_per_limit()
    {
        Chunk stalled = new(0), late = new(16);
        _watch.HandedOut(stalled, "doomed", S(0));
        foreach (var (k, took) in new[] { (1, 4.0), (2, 5.0), (3, 6.0) })
        {
            var chunk = new Chunk(16 * (k + 2));
            _watch.HandedOut(chunk, "healthy", S(0));
            _watch.Answered(chunk, S(took));
        }
        _watch.HandedOut(late, "healthy", S(15));

        Assert.Equal(S(20), _watch.Limit); // 4 × the median of 4, 5 and 6 s
        Assert.Empty(_watch.Overdue(S(20)));
        var overdue = _watch.Overdue(S(21.5));

        Assert.Equal([(stalled, "doomed", S(21.5))], overdue);
        Assert.Empty(_watch.Overdue(S(30))); // its clock started again
        Assert.Equal([stalled, late], _watch.Overdue(S(42)).Select(o => o.Chunk).OrderBy(c => c.First));
    }

    [Fact]
    public void Nothing_is_overdue_before_the_pace_is_known_or_before_the_minimum()
    {
        Chunk first = new(0), other = new(16);
        _watch.HandedOut(first, "w1", S(0));
        Assert.Null(_watch.Limit);
        Assert.Empty(_watch.Overdue(S(3600)));

        _watch.HandedOut(other, "w2", S(0));
        _watch.Answered(other, S(0.5));

        Assert.Equal(S(10), _watch.Limit); // 4 × 0.5 s is below the minimum
        Assert.Empty(_watch.Overdue(S(9)));
        Assert.Single(_watch.Overdue(S(3600)));
    }

    [Fact]
    public void A_chunk_returned_to_the_queue_is_not_watched_until_it_is_handed_out_again()
    {
        Chunk chunk = new(0), done = new(16);
        _watch.HandedOut(done, "w1", S(0));
        _watch.Answered(done, S(1));
        _watch.HandedOut(chunk, "w2", S(0));
        _watch.Returned(chunk);

        Assert.Empty(_watch.Overdue(S(100)));
        _watch.HandedOut(chunk, "w1", S(100));
        Assert.Single(_watch.Overdue(S(111)));
    }
}
