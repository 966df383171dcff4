package io.consilium.abutment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Our own word-level tokeniser for clinical instructions: lower case, words and numbers; decimal numbers become
 * quarter-millimetre buckets ({@code n0.50}) so "0.5 mm" and "0.50mm" read the same; a tooth the clause is about
 * becomes {@code <tooth>}. Features are unigrams plus bigrams, kept when they occur in the training corpus.
 */
final class Tokenizer {

    static final String TOOTH = "<tooth>";
    /** Between clauses: no bigram spans it and it is no feature itself. */
    static final String CLAUSE_BREAK = "|";
    private static final Pattern SPLIT = Pattern.compile("[^a-z0-9.]+");
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?|\\.\\d+");

    private Tokenizer() {
    }

    /** Words of a clause; tooth numbers stay as they are (the caller scopes them). */
    static List<String> words(String clause) {
        String lower = clause.toLowerCase(Locale.ROOT).replace("e.max", "emax");
        List<String> out = new ArrayList<>();
        for (String raw : SPLIT.split(lower)) {
            String w = raw.replaceAll("^\\.+|\\.+$", "");
            if (w.isEmpty()) {
                continue;
            }
            // "0.5mm" arrives as one piece: keep the number and the unit apart.
            var unit = Pattern.compile("^(\\d*\\.?\\d+)(mm|deg|degrees)$").matcher(w);
            if (unit.matches()) {
                out.add(unit.group(1));
                out.add(unit.group(2));
            } else {
                out.add(w);
            }
        }
        return out;
    }

    static boolean isToothNumber(String word) {
        if (!word.matches("\\d\\d")) {
            return false;
        }
        int n = Integer.parseInt(word);
        return n / 10 >= 1 && n / 10 <= 4 && n % 10 >= 1 && n % 10 <= 8;
    }

    /** Normalises numbers to their bucket token; other words unchanged. */
    static String token(String word) {
        if (NUMBER.matcher(word).matches()) {
            double value = Double.parseDouble(word);
            double bucket = Math.min(10.0, Math.round(value * 4.0) / 4.0);
            return String.format(Locale.ROOT, "n%.2f", bucket);
        }
        return word;
    }

    /** Unigrams and bigrams of a token sequence. */
    static List<String> features(List<String> tokens) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.equals(CLAUSE_BREAK)) {
                continue;
            }
            out.add(t);
            if (i + 1 < tokens.size() && !tokens.get(i + 1).equals(CLAUSE_BREAK)) {
                out.add(t + "_" + tokens.get(i + 1));
            }
        }
        return out;
    }

    /** Vocabulary: features seen at least {@code minCount} times, in a stable order. */
    static List<String> vocabulary(Collection<List<String>> corpus, int minCount) {
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> tokens : corpus) {
            for (String f : features(tokens)) {
                counts.merge(f, 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().filter(e -> e.getValue() >= minCount).map(Map.Entry::getKey).sorted()
                .toList();
    }
}
