using Sweep.Actors.Coordination;

namespace Sweep.Actors.Tests.Coordination;

public class WorkerNodesTests
{
    private static WorkerNodes<string> Nodes() => new(actor => "key:" + actor);

    [Fact]
    public void A_node_is_found_by_actor_and_by_key_until_removed()
    {
        var nodes = Nodes();

        var added = nodes.Add("w1", "machine-1", 4);

        Assert.Equal(new RegisteredNode<string>("w1", "machine-1", 4, "key:w1"), added);
        Assert.Same(added, nodes.Find("w1"));
        Assert.Same(added, nodes.FindByKey("key:w1"));
        Assert.Equal("machine-1", nodes.NameOf("key:w1"));
        Assert.Same(added, nodes.Remove("w1"));
        Assert.Null(nodes.Find("w1"));
        Assert.Null(nodes.FindByKey("key:w1"));
        Assert.Equal(0, nodes.Count);
    }

    [Fact]
    public void Registering_again_changes_nothing()
    {
        var nodes = Nodes();
        nodes.Add("w1", "machine-1", 4);

        Assert.Null(nodes.Add("w1", "renamed", 8));
        Assert.Equal(4, nodes.Find("w1")!.Slots);
        Assert.Single(nodes.All);
    }

    [Fact]
    public void A_node_gone_is_named_by_its_key_and_removed_once()
    {
        var nodes = Nodes();

        Assert.Equal("key:w9", nodes.NameOf("key:w9"));
        Assert.Equal("key:w9", nodes.KeyOf("w9"));
        Assert.Null(nodes.Remove("w9"));
    }
}
