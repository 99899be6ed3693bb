using System.Text.RegularExpressions;

namespace Sweep.Engine.Tests;

public class EngineInfoTests
{
    [Fact]
    public void Version_names_the_release_and_the_numerics_revision()
    {
        Assert.Matches(new Regex(@"^\d+\.\d+\.\d+\+numerics\.\d+$"), EngineInfo.Version);
    }
}
