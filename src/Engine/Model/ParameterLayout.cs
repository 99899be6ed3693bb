namespace Sweep.Engine.Model;

/// <summary>
/// Hands out consecutive views while a model is built; <see cref="Count"/> is then the buffer length.
/// Sizes are checked: a model past int.MaxValue parameters throws instead of wrapping (ModelSize refuses those first).
/// </summary>
internal sealed class ParameterLayout
{
    private readonly List<ParameterView> _views = [];

    public int Count { get; private set; }

    public IReadOnlyList<ParameterView> Views => _views;

    public ParameterView Add(string name, int length)
    {
        var view = new ParameterView(name, Count, length);
        _views.Add(view);
        Count = checked(Count + length);
        return view;
    }
}
