namespace Sweep.Actors.Tests;

/// <summary>A clock that moves only when a test moves it: decisions that depend on time are tested without sleeping.</summary>
internal sealed class ManualTime : TimeProvider
{
    public static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private DateTime _now = Start;

    public DateTime UtcNow => _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => new(_now);

    public override long GetTimestamp() => _now.Ticks;

    public void Advance(TimeSpan by) => _now += by;
}
