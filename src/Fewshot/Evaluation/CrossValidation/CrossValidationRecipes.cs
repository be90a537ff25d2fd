namespace Fewshot.Evaluation.CrossValidation;

/// <summary>The recipes <c>fewshot cv --compare</c> knows, by name. Other modes add theirs with <see cref="Register"/>.</summary>
public static class CrossValidationRecipes
{
    static readonly Dictionary<string, Func<ICrossValidationRecipe>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["frozen"] = () => new FrozenLogisticRecipe(),
        ["finetune"] = () => new FineTuneRecipe(),
    };

    public static IReadOnlyList<string> Names
    {
        get { lock (Factories) return Factories.Keys.Order(StringComparer.Ordinal).ToList(); }
    }

    /// <summary>Adds (or replaces) a recipe under <paramref name="name"/>.</summary>
    public static void Register(string name, Func<ICrossValidationRecipe> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        lock (Factories) Factories[name] = create;
    }

    public static ICrossValidationRecipe Create(string name)
    {
        Func<ICrossValidationRecipe>? create;
        lock (Factories) Factories.TryGetValue(name.Trim(), out create);
        return create?.Invoke() ?? throw new FewshotException(
            $"Unknown recipe '{name}' in --compare. Known recipes: {string.Join(", ", Names)}.");
    }
}
