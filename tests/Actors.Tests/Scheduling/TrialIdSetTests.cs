using Sweep.Actors.Scheduling;

namespace Sweep.Actors.Tests.Scheduling;

public class TrialIdSetTests
{
    [Fact]
    public void Holds_hex_ids_and_other_strings_without_confusing_them()
    {
        var set = new TrialIdSet();

        Assert.True(set.Add("00000000000000ff"));
        Assert.False(set.Add("00000000000000ff"));
        Assert.True(set.Add("00000000000000FF"));
        Assert.True(set.Add("not-a-hex-id"));

        Assert.True(set.Contains("00000000000000ff"));
        Assert.True(set.Contains("00000000000000FF"));
        Assert.True(set.Contains("not-a-hex-id"));
        Assert.False(set.Contains("00000000000000fe"));
        Assert.Equal(3, set.Count);
    }
}
