using System.Collections.Immutable;

namespace IamSnapshot.CloudTrail.Parsing;

/// <summary>
/// Accumulates coverage per account and region. Memory grows with the number of accounts, regions and
/// clock hours covered, never with the number of records.
/// </summary>
internal sealed class CoverageBuilder
{
    private readonly Dictionary<(string Account, string Region), Accumulator> _ranges = [];
    private (string Account, string Region) _lastKey;
    private Accumulator? _last;

    public void Add(string account, string region, DateTimeOffset time, bool isIam)
    {
        Accumulator accumulator;
        if (_last is not null && ReferenceEquals(_lastKey.Account, account) && ReferenceEquals(_lastKey.Region, region))
        {
            accumulator = _last;
        }
        else
        {
            var key = (account, region);
            if (!_ranges.TryGetValue(key, out var found))
            {
                found = new Accumulator();
                _ranges.Add(key, found);
            }

            accumulator = found;
            _lastKey = key;
            _last = found;
        }

        accumulator.Add(time.UtcTicks, isIam);
    }

    public CloudTrailCoverage Build() => new(_ranges.Select(pair => pair.Value.ToRange(pair.Key.Account, pair.Key.Region)));

    private sealed class Accumulator
    {
        private readonly HashSet<long> _hours = [];
        private long _first = long.MaxValue;
        private long _last = long.MinValue;
        private long _lastHour = long.MinValue;
        private long _count;
        private long _iam;

        public void Add(long ticks, bool isIam)
        {
            _count++;
            if (isIam)
            {
                _iam++;
            }

            _first = Math.Min(_first, ticks);
            _last = Math.Max(_last, ticks);
            var hour = ticks / TimeSpan.TicksPerHour;
            if (hour != _lastHour)
            {
                _hours.Add(hour);
                _lastHour = hour;
            }
        }

        public CloudTrailCoverageRange ToRange(string account, string region) => new()
        {
            AccountId = account,
            Region = region,
            First = new DateTimeOffset(_first, TimeSpan.Zero),
            Last = new DateTimeOffset(_last, TimeSpan.Zero),
            RecordCount = _count,
            IamRecordCount = _iam,
            Gaps = Gaps(),
        };

        private ImmutableArray<CloudTrailTimeRange> Gaps()
        {
            var hours = _hours.Order().ToList();
            var gaps = ImmutableArray.CreateBuilder<CloudTrailTimeRange>();
            for (var i = 1; i < hours.Count; i++)
            {
                if (hours[i] - hours[i - 1] > 1)
                {
                    gaps.Add(new CloudTrailTimeRange(
                        new DateTimeOffset((hours[i - 1] + 1) * TimeSpan.TicksPerHour, TimeSpan.Zero),
                        new DateTimeOffset(hours[i] * TimeSpan.TicksPerHour, TimeSpan.Zero)));
                }
            }

            return gaps.ToImmutable();
        }
    }
}
