/** Names for demonstration data: frequent French first names and surnames (INSEE lists). */
export const FIRST_NAMES = [
  'Emma', 'Jade', 'Louise', 'Alice', 'Chloé', 'Lina', 'Léa', 'Rose', 'Anna', 'Mila', 'Inès', 'Ambre', 'Julia', 'Mia', 'Léna',
  'Manon', 'Juliette', 'Lou', 'Zoé', 'Camille', 'Agathe', 'Jeanne', 'Lucie', 'Éva', 'Nina', 'Sarah', 'Romane', 'Iris', 'Louna',
  'Adèle', 'Clémence', 'Margaux', 'Léonie', 'Capucine', 'Maëlys', 'Héloïse', 'Océane', 'Anaïs', 'Noémie', 'Élise', 'Gabriel',
  'Léo', 'Raphaël', 'Arthur', 'Louis', 'Lucas', 'Adam', 'Jules', 'Hugo', 'Maël', 'Liam', 'Noah', 'Paul', 'Ethan', 'Tiago',
  'Sacha', 'Gabin', 'Nathan', 'Mohamed', 'Aaron', 'Tom', 'Éden', 'Théo', 'Noé', 'Martin', 'Timéo', 'Nolan', 'Marius', 'Victor',
  'Axel', 'Mathis', 'Enzo', 'Baptiste', 'Clément', 'Antoine', 'Maxime', 'Alexandre', 'Thomas', 'Quentin', 'Valentin', 'Rémi',
  'Mathéo', 'Yanis', 'Rayan', 'Ibrahim', 'Youssef', 'Amir', 'Léon', 'Émile', 'Joseph', 'Côme', 'Augustin', 'Benoît', 'Cédric',
  'Françoise', 'Nathalie', 'Isabelle', 'Sylvie', 'Catherine', 'Sandrine', 'Véronique', 'Christophe', 'Stéphane', 'Laurent',
  'Frédéric', 'Olivier', 'Philippe', 'Jean-Pierre', 'Marie-Claire', 'Anne-Sophie', 'Jean-Baptiste', 'Pierre-Louis', 'Aïcha', 'Fatoumata',
];

export const LAST_NAMES = [
  'Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon', 'Michel',
  'Lefèvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert', 'Fontaine',
  'Rousseau', 'Vincent', 'Muller', 'Lefebvre', 'Faure', 'André', 'Mercier', 'Blanc', 'Guérin', 'Boyer', 'Garnier', 'Chevalier',
  'François', 'Legrand', 'Gauthier', 'Garcia', 'Perrin', 'Robin', 'Clément', 'Morin', 'Nicolas', 'Henry', 'Roussel', 'Mathieu',
  'Gautier', 'Masson', 'Marchand', 'Duval', 'Denis', 'Dumont', 'Marie', 'Lemaire', 'Noël', 'Meyer', 'Dufour', 'Meunier', 'Brun',
  'Blanchard', 'Giraud', 'Joly', 'Rivière', 'Lucas', 'Brunet', 'Gaillard', 'Barbier', 'Arnaud', 'Martinez', 'Gérard', 'Roche',
  'Renard', 'Schmitt', 'Roy', 'Leroux', 'Colin', 'Vidal', 'Caron', 'Picard', 'Roger', 'Fabre', 'Aubert', 'Lemoine', 'Renaud',
  'Dumas', 'Lacroix', 'Olivier', 'Philippe', 'Bourgeois', 'Pierre', 'Benoît', 'Rey', 'Leclerc', 'Payet', 'Rolland', 'Leclercq',
  'Guillaume', 'Lecomte', 'Lopez', 'Jean', 'Dupuy', 'Guillot', 'Hubert', 'Berger', 'Carpentier', 'Sanchez', 'Dupuis', 'Moulin',
  'Louis', 'Deschamps', 'Huet', 'Vasseur', 'Perez', 'Boucher', 'Fleury', 'Royer', 'Klein', 'Jacquet', 'Adam', 'Paris', 'Poirier',
  'Marty', 'Aubry', 'Guyot', 'Carré', 'Charles', 'Renault', 'Charpentier', 'Ménard', 'Maillard', 'Baron', 'Bertin', 'Bailly',
  'Hervé', 'Schneider', 'Fernandez', 'Le Gall', 'Collet', 'Léger', 'Bouvier', 'Julien', 'Prévost', 'Millet', 'Perrot', 'Daniel',
  'Le Roux', 'Cousin', 'Germain', 'Breton', 'Besson', 'Langlois', 'Rémy', 'Le Goff', 'Pelletier', 'Lévêque', 'Perrier', 'Leblanc',
  'Barré', 'Lebrun', 'Marchal', 'Weber', 'Mallet', 'Hamon', 'Boulanger', 'Jacob', 'Monnier', 'Michaud', 'Rodriguez', 'Guichard',
  'Gillet', 'Étienne', 'Grondin', 'Poulain', 'Tessier', 'Chevallier', 'Collin', 'Chauvin', 'Da Silva', 'Bouchet', 'Gay', 'Lemaître',
  'Bénard', 'Maréchal', 'Humbert', 'Reynaud', 'Antoine', 'Hoarau', 'Perret', 'Barthélemy', 'Cordier', 'Pichon', 'Lejeune', 'Gilbert',
  "N'Diaye", 'Diallo', 'Traoré', 'Benali', 'Haddad', 'Nguyen', 'Dos Santos', 'Ferreira', "D'Almeida", 'Çelik',
];

export const PATRONS = [
  'Victor-Hugo', 'Jean-Moulin', 'Jules-Ferry', 'Louise-Michel', 'Marie-Curie', 'Jean-Jaurès', 'Paul-Éluard', 'Albert-Camus',
  'Simone-Veil', 'Pierre-et-Marie-Curie', 'Jacques-Prévert', 'Jean-de-La-Fontaine', 'Émile-Zola', 'George-Sand', 'Molière',
  'Condorcet', 'Voltaire', 'Montesquieu', 'Colette', 'Aimé-Césaire', 'Olympe-de-Gouges', 'Gustave-Eiffel', 'Lavoisier',
  'Descartes', 'Pasteur', 'Rosa-Parks', 'Nelson-Mandela', 'Joséphine-Baker', 'Claude-Monet', 'Antoine-de-Saint-Exupéry',
];

export const CITIES = [
  'Paris', 'Boulogne-Billancourt', 'Saint-Denis', 'Montreuil', 'Argenteuil', 'Nanterre', 'Créteil', 'Vitry-sur-Seine', 'Versailles',
  'Courbevoie', 'Colombes', 'Aulnay-sous-Bois', 'Aubervilliers', 'Champigny-sur-Marne', 'Rueil-Malmaison', 'Saint-Maur-des-Fossés',
  'Drancy', 'Issy-les-Moulineaux', 'Noisy-le-Grand', 'Levallois-Perret', 'Neuilly-sur-Seine', 'Clichy', 'Ivry-sur-Seine', 'Sarcelles',
];
