namespace Sweep.Engine.Model;

/// <summary>Hands out consecutive views while a model is built; <see cref="Count"/> is then the buffer length.</summary>
internal sealed class ParameterLayout
{
    private readonly List<ParameterView> _views = [];

    public int Count { get; private set; }

    public IReadOnlyList<ParameterView> Views => _views;

    public ParameterView Add(string name, int length)
    {
        var view = new ParameterView(name, Count, length);
        _views.Add(view);
        Count += length;
        return view;
    }
}
