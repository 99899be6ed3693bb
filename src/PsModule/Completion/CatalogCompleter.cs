using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using Sweep.Engine.Config;

namespace Sweep.PsModule.Completion;

/// <summary>
/// Completes a catalog parameter (-Optimizer, -Init, -Norm, -Activation, -Dataset, -Schedule) with the
/// engine's values, leaving out those already typed in the same list (-Optimizer sgd,<Tab> offers no sgd).
/// Takes precedence over the completion [ValidateSet] would give, which repeats values.
/// </summary>
public sealed class CatalogCompleter : IArgumentCompleter
{
    private static readonly Dictionary<string, IReadOnlyList<string>> ValuesByParameter = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Optimizer"] = [.. Catalog.Optimizers],
        ["Init"] = [.. Catalog.Inits],
        ["Norm"] = [.. Catalog.Norms],
        ["Activation"] = [.. Catalog.Activations],
        ["Dataset"] = [.. Catalog.Datasets],
        ["Schedule"] = [.. Catalog.Schedules],
        ["FeatureScaling"] = [.. Catalog.FeatureScalings],
    };

    /// <summary>The legal values of a catalog parameter.</summary>
    internal static IReadOnlyList<string> ValuesOf(string parameterName) => ValuesByParameter[parameterName];

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        if (!ValuesByParameter.TryGetValue(parameterName, out var values))
        {
            return [];
        }

        var typed = TypedValues(commandAst, parameterName, wordToComplete);
        var prefix = wordToComplete.Trim('\'', '"');
        return values
            .Where(v => v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && !typed.Contains(v))
            .Select(v => new CompletionResult(v, v, CompletionResultType.ParameterValue, v))
            .ToList();
    }

    /// <summary>The values already given to the parameter on this command line, except the word being completed.</summary>
    internal static HashSet<string> TypedValues(CommandAst commandAst, string parameterName, string wordToComplete)
    {
        var typed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var elements = commandAst.CommandElements;
        for (int i = 0; i < elements.Count - 1; i++)
        {
            if (elements[i] is CommandParameterAst parameter
                && parameterName.StartsWith(parameter.ParameterName, StringComparison.OrdinalIgnoreCase)
                && (parameter.Argument ?? elements[i + 1]) is { } argument)
            {
                // "sgd,adam" parses as an array; "sgd," (still being typed) as an error expression around "sgd".
                foreach (var item in argument.FindAll(a => a is StringConstantExpressionAst, searchNestedScriptBlocks: false).Cast<StringConstantExpressionAst>())
                {
                    typed.Add(item.Value);
                }
            }
        }

        typed.Remove(wordToComplete.Trim('\'', '"'));
        return typed;
    }
}

/// <summary>
/// Validates a catalog parameter against the engine's values, as [ValidateSet] would, but without
/// ValidateSet's own completion, which would take precedence over <see cref="CatalogCompleter"/>.
/// The catalog is named by the parameter's own name (Optimizer, Init, Norm, Activation, Dataset, Schedule).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateCatalogAttribute(string catalog) : ValidateEnumeratedArgumentsAttribute
{
    public string Catalog { get; } = catalog;

    protected override void ValidateElement(object element)
    {
        var value = (element is PSObject wrapped ? wrapped.BaseObject : element)?.ToString() ?? "";
        var legal = CatalogCompleter.ValuesOf(Catalog);
        if (!legal.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            throw new ValidationMetadataException($"'{value}' is not one of {string.Join(", ", legal)}.");
        }
    }
}
